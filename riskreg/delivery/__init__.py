"""Delivering the status: contacts, messages, sending them, and the delivery log."""
