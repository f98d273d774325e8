"""The intake's bounds: what it reads of a submission, whatever the submission's headers claim."""

MAX_DIRECTORY_BYTES = 16 << 20  # the zip's central directory: about 110,000 entries with 100-byte names
MAX_FILE_BYTES = 5 << 20        # each file taken
MAX_TOTAL_BYTES = 50 << 20      # all files taken from one zip
MAX_DEPTH = 4                   # folders above a file taken
MAX_VISITED = 200_000           # entries of a submitted folder looked at before the search stops
MAX_WALK_SECONDS = 10.0         # time spent looking through a submitted folder
SHOWN = 10                      # skipped entries named in the message; the others are counted
NOTEBOOK = "*.ipynb"            # the key all notebooks compete under: only one is taken
