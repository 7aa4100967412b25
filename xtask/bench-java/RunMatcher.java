// Runs Java libphonenumber's matcher over the benchmark page for `cargo xtask bench finder`
// (xtask/src/bench_finder.rs), when Debian's libphonenumber8-java is installed.
//   java -cp libphonenumber.jar:. RunMatcher PAGE RUNS REGION
// Prints a JSON header line {name, seconds} (median of RUNS timed runs after one warm-up), then
// one line per number found: UTF-16 start, end, E.164, tab-separated.
import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

public final class RunMatcher {
  private static List<PhoneNumberMatch> find(PhoneNumberUtil util, String text, String region) {
    List<PhoneNumberMatch> found = new ArrayList<>();
    for (PhoneNumberMatch match :
        util.findNumbers(text, region, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
      found.add(match);
    }
    return found;
  }

  public static void main(String[] args) throws Exception {
    String text = new String(Files.readAllBytes(Paths.get(args[0])), StandardCharsets.UTF_8);
    int runs = Integer.parseInt(args[1]);
    String region = args[2];
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    List<PhoneNumberMatch> found = find(util, text, region); // warm-up
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long started = System.nanoTime();
      found = find(util, text, region);
      times.add((System.nanoTime() - started) / 1e9);
    }
    Collections.sort(times);
    StringBuilder out = new StringBuilder();
    String version = PhoneNumberUtil.class.getPackage().getImplementationVersion();
    out.append("{\"name\":\"libphonenumber Java ")
        .append(version == null ? "8.12.57 (Debian)" : version)
        .append(" (VALID)\",\"seconds\":")
        .append(times.get(times.size() / 2))
        .append("}\n");
    for (PhoneNumberMatch match : found) {
      out.append(match.start()).append('\t').append(match.end()).append('\t')
          .append('+').append(match.number().getCountryCode())
          .append(util.getNationalSignificantNumber(match.number())).append('\n');
    }
    System.out.print(out);
  }
}
