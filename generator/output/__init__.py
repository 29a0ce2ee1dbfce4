"""Stage 5: the files formatted by black, written atomically, recorded in the manifest, checked for drift."""
