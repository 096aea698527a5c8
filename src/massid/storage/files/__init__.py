"""Where attachment bytes live: local disk (default) or an S3-compatible bucket."""
