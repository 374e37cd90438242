"""What org tells the apps that hang off it, without depending on them."""

from django.dispatch import Signal

# Sent by every path that ends people (the end service, the full-export import), inside its
# transaction, with `body_id` and `person_ids`: retention revokes their calendar feeds at once.
people_ended = Signal()
