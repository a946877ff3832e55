"""A job that runs until it is stopped (for `rayspark stop`)."""
import time

print("sleeping", flush=True)
time.sleep(600)
