"""The field's paper feed around a workshop: a library of imported papers ranked by the call's topics, a
public reading list, e-mail digests and program-committee candidates from the literature."""
