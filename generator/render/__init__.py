"""Stage 4: the intermediate model -> the files' text, through templates/ (which only print)."""
