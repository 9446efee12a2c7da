// placeholder: filled in by the agency work
