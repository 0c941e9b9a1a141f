module cgosan/vet/gohelper

go 1.21
