"""Pure judgement: item statuses, sign-off and waiver verification, digests, expiry, differences."""
