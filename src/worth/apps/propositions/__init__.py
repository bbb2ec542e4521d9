"""Value propositions: per subsegment of an analysed model version, what the team states to customers."""
