"""Stage 3: the document and the models -> the intermediate model of the client (plain data)."""
