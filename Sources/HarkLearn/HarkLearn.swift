/// The learn side: what a mention is about (topic queries), how its author feels (sentiment),
/// and whether it is abusive. Pure functions of text and compiled rules, safe to share across tasks.
public enum HarkLearn {}
