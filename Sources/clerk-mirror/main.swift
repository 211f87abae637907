import Mirror
print("clerk-mirror")
