# Profile analytics and the HQ batch (issue 3).
