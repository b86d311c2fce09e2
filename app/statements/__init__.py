"""The public statements the law asks for: the privacy notice (GDPR art. 13) and the accessibility
statement (Act on the Provision of Digital Services 306/2019), with the parts staff edit."""
