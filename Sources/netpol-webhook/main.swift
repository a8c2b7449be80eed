print("netpol-webhook")
