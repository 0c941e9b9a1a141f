module cgosan.bench

go 1.24
