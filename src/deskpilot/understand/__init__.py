"""Understanding a conversation: language, PII, intent, sentiment, churn and urgency."""
