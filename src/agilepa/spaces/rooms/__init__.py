"""Meeting rooms booked by the hour: the booking rules, the pages and the API."""
