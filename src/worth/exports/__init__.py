"""What leaves Worth: charts, reports and spreadsheets, built from engine and analytics results."""
