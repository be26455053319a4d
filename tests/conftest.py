import os

# Quiet TensorFlow's start-up logging and draw plots off-screen; set before Keras is imported.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("MPLBACKEND", "Agg")
