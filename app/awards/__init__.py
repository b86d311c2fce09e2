"""Award rounds ("Tehemä pois"): public nominations, blind committee review, decision and winners."""
