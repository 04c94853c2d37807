"""Sick leave in chat: report it (asking only for what is missing), confirm or correct it, triage it
to self-service or a person, change the expected return, report hours or the day back at work, and
show it. (Asking at the start of a visit whether a citizen whose return day has come is back is in
actions/session.py.)

case: the slots, the open case and how a case reads · report: reporting sick · changes: a new return
day, hours back at work, the day back (raskmelding) · overview: what has been reported."""
