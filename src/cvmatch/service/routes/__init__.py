"""One router per resource; handlers parse, make one workspace call, shape the response."""
