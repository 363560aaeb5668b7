/** Nothing shared yet; the emulator issue adds the test CA here. */
export default function setup(): void {}
