"""The sales area's GraphQL types, inputs, payloads and root fields.

Sales documents (DOMAIN "Sales documents", P1-P7): quotes, orders and invoices whose lines
are priced by the pricing area.
"""
