"""Value merchants: the salespeople's own and their managers' assessment, and the value tools they use."""
