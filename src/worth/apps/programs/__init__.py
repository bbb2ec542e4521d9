"""Programs and projects: business issues turned into customer value research, with their teams."""
