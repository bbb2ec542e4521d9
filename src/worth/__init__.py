"""Worth: Customer Value Management."""
