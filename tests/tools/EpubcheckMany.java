// epubcheck for many books in one Java process: a line "book.epub<TAB>report.json" on stdin
// checks the book and writes epubcheck's JSON report, then "EPUBCHECK-DONE <exit code>" on
// stdout. epubcheck compiles its schemas once a process (some 6 s of CPU); the tests check
// dozens of books. Run by tests/conftest.py with Java's source launcher (a JDK); without
// one, the tests start epubcheck once a book.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

public class EpubcheckMany {
  public static void main(String[] arguments) throws Exception {
    BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = requests.readLine()) != null) {
      String[] paths = line.split("\t");
      int code;
      try {
        code = new com.adobe.epubcheck.tool.EpubChecker().run(new String[] {paths[0], "-q", "--json", paths[1]});
      } catch (Throwable error) {
        code = -1;
      }
      System.out.println("EPUBCHECK-DONE " + code);
      System.out.flush();
    }
  }
}
