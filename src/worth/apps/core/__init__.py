"""Core pages: home, navigation, the areas still to come, and the record history display."""
