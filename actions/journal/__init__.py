"""The job journal in chat: log an activity (asking only for what is missing), confirm or correct it,
list it, change or delete an entry, and update a status in words.

draft: the journal's slots and an entry in one line · form: logging or correcting an activity ·
save: saving or cancelling it · overview: the journal shown · pick: choosing an entry to change or
delete · entry_reference: which entry a message points at · status: a status told in words."""
