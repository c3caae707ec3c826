module kiln.test/diffgen

go 1.19
