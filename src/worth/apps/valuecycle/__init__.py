"""The value cycle: customer journey maps per segment or offering, and the value creation plan."""
