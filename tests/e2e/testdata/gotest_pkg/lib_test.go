package lib

import "testing"

func TestRegister(t *testing.T) { Register() }
