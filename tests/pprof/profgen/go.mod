module kiln.test/profgen

go 1.19
