"""Items (DOMAIN "Parties and products"): list prices and units of measure."""
