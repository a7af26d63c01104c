"""Campaign resolvers: campaign fields and mutations, and the live campaignActivity subscription."""
