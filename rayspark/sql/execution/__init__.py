"""Physical execution of SQL plans: operators over Arrow record batches inside RDD stages."""
