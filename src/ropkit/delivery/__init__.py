"""The only code that talks to the network: mail (SMTP) and, later, team chats."""
