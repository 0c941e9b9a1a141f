module cgosan

go 1.24
