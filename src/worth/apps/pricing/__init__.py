"""Pricing in the web app: value-based price, discount policy, pocket price waterfall and band."""
