"""Policy: facts looked up from the company's systems and eligibility rules."""
