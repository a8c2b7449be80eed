"""The pieces of Reliability/faults.py: harness, clients, HTTP/2 framing, attackers, and the scenarios by theme."""
