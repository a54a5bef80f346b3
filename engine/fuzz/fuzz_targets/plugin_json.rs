//! Fuzzes what the engine reads from a shared-library plugin: the response
//! bytes are decoded, the charts completed with the house style and the
//! blocks resolved in a document, as the pipeline does; nothing may panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use quire_core::dylib;
use quire_fuzz::STYLE;

fuzz_target!(|bytes: &[u8]| {
    let Ok(response) = dylib::read_response(bytes) else {
        return;
    };
    let completed = quire_chart::complete(response.blocks, &STYLE).and_then(|blocks| {
        let appendices = quire_chart::complete(response.appendices, &STYLE)?;
        Ok((blocks, appendices))
    });
    let Ok((blocks, appendices)) = completed else {
        return;
    };
    quire_fuzz::resolve(blocks, appendices);
});
