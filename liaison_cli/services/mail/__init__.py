"""Email: letters sent through the district's SMTP server, replies read back over IMAP.

transport.py is the only module that knows smtplib and imaplib; compose.py builds messages;
outbox.py queues, sends and records them; inbox.py reads replies and bounces. Nothing here reads
a password from anywhere: the command line passes it in.
"""
