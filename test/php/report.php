<?php
// Reports what PHP parsed from the request, binary safe, as JSON: the oracle
// for the differential tests. Strings are base64; arrays are lists of
// [key, value] pairs in PHP's order.
error_reporting(0);
// IXR calls WordPress's apply_filters (to read its limits): outside WordPress, every value passes unchanged.
if (!function_exists('apply_filters')) {
    function apply_filters($tag, $value) { return $value; }
}

function enc($v) {
    if (is_array($v)) {
        $pairs = [];
        foreach ($v as $k => $x) $pairs[] = [base64_encode((string) $k), enc($x)];
        return ['a' => $pairs];
    }
    if ($v === null || is_bool($v) || is_int($v) || is_float($v)) return ['v' => $v];
    if (is_object($v)) return ['s' => base64_encode(json_encode($v))];
    return ['s' => base64_encode((string) $v)];
}

function files_with_content($files) {
    $out = [];
    foreach ($files as $field => $f) {
        $out[$field] = $f;
        $out[$field]['content'] = contents($f['tmp_name'] ?? '');
    }
    return $out;
}

function contents($tmp) {
    if (is_array($tmp)) return array_map('contents', $tmp);
    return $tmp !== '' && is_file($tmp) ? file_get_contents($tmp) : '';
}

$input = file_get_contents('php://input');
$type = $_SERVER['CONTENT_TYPE'] ?? '';
$report = [
    'script' => $_SERVER['SCRIPT_NAME'],
    'method' => $_SERVER['REQUEST_METHOD'],
    // The method WordPress's REST server acts on: $_GET['_method'], else X-HTTP-Method-Override.
    'wpMethod' => strtoupper(isset($_GET['_method']) && is_string($_GET['_method']) ? $_GET['_method'] : ($_SERVER['HTTP_X_HTTP_METHOD_OVERRIDE'] ?? $_SERVER['REQUEST_METHOD'])),
    'query' => base64_encode($_SERVER['QUERY_STRING'] ?? ''),
    'get' => enc($_GET),
    'post' => enc($_POST),
    'files' => enc(files_with_content($_FILES)),
    'input' => base64_encode($input),
    'json' => null,
    'bodyParams' => null,
    'xmlrpc' => null,
];

// WordPress REST reads JSON bodies with json_decode, and urlencoded (or untyped) bodies of non-POST requests with parse_str.
$json = json_decode($input, true);
if ($json !== null || json_last_error() === JSON_ERROR_NONE && trim($input) !== '') $report['json'] = enc($json);
$media = strtolower(trim(explode(';', $type, 2)[0]));
if ($_SERVER['REQUEST_METHOD'] !== 'POST' && ($media === '' || $media === 'application/x-www-form-urlencoded')) {
    parse_str($input, $params);
    $report['bodyParams'] = enc($params);
}

// WordPress's own XML-RPC reader, when the Debian package is installed.
$ixr = getenv('BAOMI_WP_INCLUDES') ?: '/usr/share/wordpress/wp-includes';
if (is_file("$ixr/IXR/class-IXR-message.php") && $input !== '') {
    require_once "$ixr/IXR/class-IXR-date.php";
    require_once "$ixr/IXR/class-IXR-message.php";
    $message = new IXR_Message($input);
    if ($message->parse()) $report['xmlrpc'] = enc(['method' => $message->methodName, 'params' => $message->params]);
}

header('Content-Type: application/json');
echo json_encode($report);
