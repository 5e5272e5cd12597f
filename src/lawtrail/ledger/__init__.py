"""The tamper-evident trail. Its core modules (hashing, merkle, entry, signing, verifier) import no
Django, so they can be used offline; models.py, actions.py and store.py are the Django side."""
