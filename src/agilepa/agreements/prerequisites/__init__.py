"""Prerequisites of an agreement: the IT check, the safety notice, equipment and training."""
