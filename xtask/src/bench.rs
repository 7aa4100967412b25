pub fn bench(_args: &[String]) -> Result<(), String> { Err("todo".into()) }
