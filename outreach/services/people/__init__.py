"""People and pairs: accounts, volunteers, teams, sessions, tokens, devices, sign-in codes and their QR images."""
