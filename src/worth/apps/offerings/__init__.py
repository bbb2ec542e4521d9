"""Tailored offerings: each subsegment's naked solution and options, and the services around the offering."""
