pub fn sim(_args: Vec<String>) -> Result<(), String> { Err("todo".into()) }
pub fn demo(_args: &[String]) -> Result<(), String> { Err("todo".into()) }
